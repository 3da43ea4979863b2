package io.minetwin.connectors.opcua.server;

/**
 * What the SCADA server does when a client acknowledges or confirms an alarm condition: the owner of the alerts
 * (the engine's event log) records it, and the record comes back to {@link ScadaAlarms#apply} or
 * {@link ScadaAlarms#confirmed}, which updates the condition and notifies clients. So an acknowledgement made on
 * the SCADA side and one made through the API are the same record, seen on both sides.
 */
public interface ScadaAlarmActions {

    /**
     * Records that {@code user} acknowledged the alert {@code alertId}.
     *
     * @throws IllegalStateException if the alert cannot be acknowledged; the message says why
     */
    void acknowledge(String alertId, String user, String comment);

    /**
     * Records that {@code user} confirmed the acknowledged alert {@code alertId} (OPC UA's Confirm: the problem was
     * seen to).
     *
     * @throws IllegalStateException if the confirmation cannot be recorded; the message says why
     */
    void confirm(String alertId, String user, String comment);
}
