package io.minetwin.connectors.ditto;

import java.util.Locale;

/** Why a command to Ditto (or the handshake) failed, as counted in {@link DittoStatus#errors()}. */
public enum DittoErrorKind {
    /** 400: Ditto rejected the content, e.g. a property name it does not allow. */
    BAD_REQUEST,
    /** 401: the credentials or token were refused. */
    UNAUTHORIZED,
    /** 403: the policy does not let the subject write the thing. */
    FORBIDDEN,
    /** 404: the thing is gone (re-created), or the policy to create it with does not exist. */
    NOT_FOUND,
    /** 409: the thing conflicts with what exists (another writer, another policy). */
    CONFLICT,
    /** 429: Ditto is throttling; all sending pauses. */
    RATE_LIMITED,
    /** 5xx: Ditto could not process it now. */
    SERVER,
    /** No answer within the request timeout. */
    TIMEOUT,
    /** The connection failed or dropped with the command outstanding. */
    CONNECTION,
    /** The twin cannot be a Ditto thing (its mapped id is invalid). */
    INVALID_ID;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind for an HTTP status Ditto answered with. */
    static DittoErrorKind ofStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            case 429 -> RATE_LIMITED;
            case 408, 504 -> TIMEOUT;
            default -> status >= 500 ? SERVER : BAD_REQUEST;
        };
    }
}
