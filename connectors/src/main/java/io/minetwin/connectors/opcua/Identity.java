package io.minetwin.connectors.opcua;

import java.util.Objects;

/** Who the connector is to the server: anonymous, or a user name and password. */
public sealed interface Identity {

    Anonymous ANONYMOUS = new Anonymous();

    record Anonymous() implements Identity {
    }

    /** The password is never printed by {@link #toString()}. */
    record UserPassword(String user, String password) implements Identity {
        public UserPassword {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (user.isBlank()) {
                throw new IllegalArgumentException("user name is empty; give one, or leave out 'user' for anonymous");
            }
        }

        @Override
        public String toString() {
            return "UserPassword[user=" + user + "]";
        }
    }
}
