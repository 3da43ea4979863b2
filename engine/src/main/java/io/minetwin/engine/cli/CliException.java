package io.minetwin.engine.cli;

/**
 * A command failed for a reason the user can fix; the message says what and how.
 *
 * <p>Printed without a stack trace, and the command exits with {@link #exitCode()}.
 */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(String message) {
        this(message, 1);
    }

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
