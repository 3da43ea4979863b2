package io.minetwin.connectors.opcua.server;

import java.util.Objects;

/**
 * A user who may open a session on the secure endpoint.
 *
 * @param name         the user name the client sends
 * @param passwordHash the password as {@link PasswordHash#hash} writes it; the password itself is never kept
 * @param role         what the user may do
 */
public record ScadaUser(String name, String passwordHash, ScadaRole role) {
    public ScadaUser {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("user name is empty; give each user a name, e.g. 'control-room'");
        }
        Objects.requireNonNull(role, "role");
        PasswordHash.check(passwordHash);
    }
}
