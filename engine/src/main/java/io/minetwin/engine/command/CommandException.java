package io.minetwin.engine.command;

/**
 * A command refused before anything was written. {@link #kind()} tells the API which answer it is; the message
 * says exactly why and, where there is one, what to do; {@link #field()} names the request field at fault.
 */
public final class CommandException extends RuntimeException {

    /** Why a command was refused. */
    public enum Kind {
        /** No such twin or command. */
        NOT_FOUND,
        /** The request is wrong: a channel that is not writable, a value outside the range or off the step. */
        INVALID,
        /** The request is right but the machine or the command is not in a state to allow it now. */
        CONFLICT
    }

    private final Kind kind;
    private final String field;
    private final transient Command command;

    CommandException(Kind kind, String field, String message, Command command) {
        super(message);
        this.kind = kind;
        this.field = field;
        this.command = command;
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }

    /** The refused command as recorded, or null when there is none (an unknown twin or command). */
    public Command command() {
        return command;
    }
}
