package io.minetwin.store;

/** A storage operation failed at the I/O boundary; the message says what and where. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
