package io.minetwin.engine.notify;

import java.util.Locale;

/** Whether an e-mail channel upgrades its SMTP connection with STARTTLS. */
public enum StartTls {
    /** Refuse to send unless the server offers STARTTLS and the upgrade succeeds (the default). */
    REQUIRED,
    /** Upgrade when the server offers it, else send in clear text (a relay on the same host or a lab). */
    OPTIONAL;

    /** The configuration's word, e.g. {@code required}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #id()}. */
    public static StartTls parse(String s) {
        for (StartTls t : values()) {
            if (t.id().equals(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("'" + s + "' is not one of required, optional");
    }
}
