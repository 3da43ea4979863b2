package io.minetwin.connectors.opcua.server;

import java.util.Locale;

/**
 * What a user of the SCADA server may do, named as the API's roles are: {@code scada} reads twins,
 * forecasts, history and alert events, and acknowledges and confirms alarm conditions ({@link ScadaAlarms});
 * {@code admin} may do the same. No node of the address space is writable, for either role; anonymous
 * sessions only read.
 */
public enum ScadaRole {
    SCADA, ADMIN;

    /** The name as written in configuration: {@code scada} or {@code admin}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code scada} or {@code admin}, ignoring case; the message lists the roles. */
    public static ScadaRole parse(String text) {
        for (ScadaRole r : values()) {
            if (r.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("role '" + text + "' is not one of scada, admin");
    }
}
