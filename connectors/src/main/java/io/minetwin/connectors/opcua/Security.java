package io.minetwin.connectors.opcua;

import java.util.Locale;
import java.util.Objects;

/**
 * The message security of an endpoint: {@code None}, or {@code Basic256Sha256} with {@code Sign} or
 * {@code SignAndEncrypt}.
 */
public record Security(Policy policy, Mode mode) {

    public static final Security NONE = new Security(Policy.NONE, Mode.NONE);

    public enum Policy {
        NONE("None"), BASIC256SHA256("Basic256Sha256");

        private final String id;

        Policy(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** Parses a policy name ignoring case; the message lists the known ones. */
        public static Policy parse(String text) {
            for (Policy p : values()) {
                if (p.id.equalsIgnoreCase(text.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("security policy '" + text + "' is not supported; use None or"
                    + " Basic256Sha256");
        }
    }

    public enum Mode {
        NONE("None"), SIGN("Sign"), SIGN_AND_ENCRYPT("SignAndEncrypt");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Mode parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
            for (Mode m : values()) {
                if (m.id.toLowerCase(Locale.ROOT).equals(t)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("security mode '" + text + "' is not one of None, Sign,"
                    + " SignAndEncrypt");
        }
    }

    public Security {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(mode, "mode");
        if ((policy == Policy.NONE) != (mode == Mode.NONE)) {
            throw new IllegalArgumentException("security policy " + policy.id() + " cannot be used with mode "
                    + mode.id() + "; use policy None with mode None, or Basic256Sha256 with Sign or SignAndEncrypt");
        }
    }

    @Override
    public String toString() {
        return policy == Policy.NONE ? "None" : policy.id() + "/" + mode.id();
    }
}
