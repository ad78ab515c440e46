package dev.baton.coordinator.api;

/**
 * A request the API refuses, answered as {@code {"error":{"code":…,"message":…}}} with {@link #status()}.
 * Codes are stable strings callers may branch on; messages are for people.
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }

    static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
