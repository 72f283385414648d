package io.codeagents.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

/**
 * The HTTP conventions of ARCHITECTURE.md, asserted against a running service: health at the root, Prometheus metrics,
 * problem+json for every kind of bad request, the request id. Each service runs it against one of its own JSON
 * endpoints by extending this class in a {@code @QuarkusTest}.
 */
public abstract class ServiceConventionsContract {

    /** A POST endpoint taking a JSON body with at least one required field. */
    protected abstract String jsonEndpoint();

    /** A body for {@link #jsonEndpoint()} that lacks {@link #missingField()}. */
    protected abstract String bodyWithoutRequiredField();

    /** The wire name of the required field the body above lacks. */
    protected abstract String missingField();

    /** The configured body limit ({@code quarkus.http.limits.max-body-size}). */
    protected long maxBodyBytes() {
        return 2L * 1024 * 1024;
    }

    @Test
    void livenessIsUpAtTheRoot() {
        given().get("/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessChecksTheDatabase() {
        given().get("/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void startedAndAggregateHealthAnswer() {
        given().get("/health/started").then().statusCode(200);
        given().get("/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsArePrometheusText() {
        given().get("/health/live").then().statusCode(200);
        given().accept("text/plain").get("/metrics").then().statusCode(200)
                .contentType(startsWith("text/plain"))
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
                .body(containsString("http_server_requests_seconds_count"));
    }

    @Test
    void malformedJsonIsProblemVal002() {
        given().contentType(ContentType.JSON).body("{\"broken\": ").post(jsonEndpoint()).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("error_code", equalTo("VAL_002"))
                .body("status", equalTo(400))
                .body("request_id", notNullValue())
                .body("timestamp", notNullValue())
                .body(not(containsString("\tat ")));
    }

    @Test
    void missingRequiredFieldIsProblemVal003NamingTheField() {
        given().contentType(ContentType.JSON).body(bodyWithoutRequiredField()).post(jsonEndpoint()).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("error_code", equalTo("VAL_003"))
                .body("violations.field", hasItem(missingField()))
                .body("detail", containsString(missingField()));
    }

    @Test
    void emptyBodyIsProblemNotServerError() {
        given().contentType(ContentType.JSON).post(jsonEndpoint()).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("error_code", startsWith("VAL_"));
    }

    @Test
    void bodyOverTheLimitIs413Problem() {
        byte[] body = new byte[(int) maxBodyBytes() + 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        given().contentType(ContentType.JSON).body(body).post(jsonEndpoint()).then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("error_code", equalTo("VAL_004"));
    }

    @Test
    void unknownPathIs404Problem() {
        given().get("/no/such/path").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("error_code", equalTo("RES_001"))
                .body("instance", equalTo("/no/such/path"));
    }

    @Test
    void wrongMethodIs405Problem() {
        given().contentType(ContentType.JSON).body("{}").put(jsonEndpoint()).then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("error_code", equalTo("REQ_001"));
    }

    @Test
    void wrongMediaTypeIs415Problem() {
        given().contentType("text/plain").body("hello").post(jsonEndpoint()).then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("error_code", equalTo("REQ_002"));
    }

    @Test
    void requestIdIsEchoedOrGenerated() {
        given().header("X-Request-Id", "trace-abc.123").get("/no/such/path").then()
                .header("X-Request-Id", "trace-abc.123")
                .body("request_id", equalTo("trace-abc.123"));
        given().header("X-Request-Id", "bad id with spaces\u0001").get("/no/such/path").then()
                .header("X-Request-Id", not(containsString(" ")));
        given().get("/health/live").then().header("X-Request-Id", notNullValue());
    }
}
