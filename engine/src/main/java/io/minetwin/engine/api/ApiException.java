package io.minetwin.engine.api;

/**
 * A request the API refuses: the HTTP status, a stable error code, what was wrong and how to fix it,
 * and the field at fault when there is one. Rendered as JSON, never as a stack trace.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "bad_request", message, field);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
