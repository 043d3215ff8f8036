package cn.xieshang.open311;

/** A refusal in GeoReport v2's error format: {@code [{"code": 400, "description": "…"}]}, the HTTP status the code. */
class Open311Error extends RuntimeException {

    private final int code;

    Open311Error(int code, String description) {
        super(description);
        this.code = code;
    }

    int code() {
        return code;
    }

    static Open311Error badRequest(String description) {
        return new Open311Error(400, description);
    }

    static Open311Error notFound(String description) {
        return new Open311Error(404, description);
    }
}
