package io.codeagents.gateway;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.codeagents.common.testing.OutageProfile;
import io.codeagents.common.testing.OutageProxies;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * Redis cut: deterministic requests are still answered, uncached. The first request after the cut pays for finding out
 * (the lookup's timeout); the following ones do not wait on Redis at all, for the cache or the rate limit.
 */
@QuarkusTest
@TestProfile(OutageProfile.class)
@QuarkusTestResource(ModelServers.class)
class CacheWithoutRedisTest extends GatewayTestSupport {

    @Test
    void redisDownMeansUncachedNotAnError() throws Exception {
        JsonObject body = chatBody("ollama/" + ModelServers.OLLAMA_MODEL, false).put("temperature", 0);
        post("/v1/chat/completions", body).then().statusCode(200);
        long withRedis = medianMillis(() -> post("/v1/chat/completions", body));
        OutageProxies.redis().cut();
        try {
            post("/v1/chat/completions", body).then().statusCode(200)
                    .body("choices[0].message.content", equalTo(ANSWER));
            for (int i = 0; i < 3; i++) {
                post("/v1/chat/completions", body).then().statusCode(200).header("X-Cache", "BYPASS")
                        .body("choices[0].message.content", equalTo(ANSWER));
            }
            long withoutRedis = medianMillis(() -> post("/v1/chat/completions", body).then().statusCode(200));
            // after the first failure neither the cache nor common's rate limiter waits on Redis (each would for
            // up to 50 / 250 ms a request if it tried again every time)
            assertTrue(withoutRedis - withRedis < 200,
                    "median " + withoutRedis + " ms with Redis down, " + withRedis + " ms with it");
        } finally {
            OutageProxies.redis().restore();
        }
    }
}
