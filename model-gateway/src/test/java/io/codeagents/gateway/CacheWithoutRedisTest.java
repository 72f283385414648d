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
 * (the lookup's timeout); the following ones do not wait on Redis for the cache at all.
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
            // common's rate limiter still waits up to 250 ms on Redis per request; the cache adds no wait of its own
            assertTrue(withoutRedis - withRedis < 400,
                    "median " + withoutRedis + " ms with Redis down, " + withRedis + " ms with it");
        } finally {
            OutageProxies.redis().restore();
        }
    }
}
