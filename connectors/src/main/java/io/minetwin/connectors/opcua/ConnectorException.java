package io.minetwin.connectors.opcua;

/** A connector cannot be set up or started; the message says what and how to fix it. */
public class ConnectorException extends RuntimeException {

    public ConnectorException(String message) {
        super(message);
    }

    public ConnectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
