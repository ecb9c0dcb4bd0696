package io.hostkeeper.worker.admin;

/**
 * Thrown by an admin handler to answer with {@code {"error": code, "message": message}} and the
 * given HTTP status (400, 401, 404, 409, ...). The admin app maps it; nothing else becomes a 500.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;

  public ApiError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message);
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", message);
  }

  public static ApiError conflict(String message) {
    return new ApiError(409, "conflict", message);
  }
}
