package io.minetwin.connectors.opcua.server;

/**
 * Where the SCADA server records the writes its clients attempt (Write and HistoryUpdate), allowed or refused,
 * for the engine's audit log.
 */
@FunctionalInterface
public interface ScadaAudit {

    /** Records nothing (tests, benches). */
    ScadaAudit NONE = (who, role, action, target, from, outcome) -> { };

    /**
     * One attempted write.
     *
     * @param who     the session's user name, or {@code anonymous}
     * @param role    the user's role ({@code scada}, {@code admin}) or {@code anonymous}
     * @param action  e.g. {@code opcua Write Value}
     * @param target  the node id written
     * @param from    the client's address
     * @param outcome the OPC UA status name, e.g. {@code Bad_UserAccessDenied}
     */
    void record(String who, String role, String action, String target, String from, String outcome);
}
