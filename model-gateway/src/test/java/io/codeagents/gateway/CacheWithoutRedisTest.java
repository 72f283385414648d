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

/** Redis cut: deterministic requests are still answered, uncached, and quickly. */
@QuarkusTest
@TestProfile(OutageProfile.class)
@QuarkusTestResource(ModelServers.class)
class CacheWithoutRedisTest extends GatewayTestSupport {

    @Test
    void redisDownMeansUncachedNotAnError() throws Exception {
        JsonObject body = chatBody("ollama/" + ModelServers.OLLAMA_MODEL, false).put("temperature", 0);
        post("/v1/chat/completions", body).then().statusCode(200);
        OutageProxies.redis().cut();
        try {
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                post("/v1/chat/completions", body).then().statusCode(200)
                        .body("choices[0].message.content", equalTo(ANSWER));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 1000, "request took " + millis + " ms with Redis down");
            }
            post("/v1/chat/completions", body).then().statusCode(200).header("X-Cache", "BYPASS");
        } finally {
            OutageProxies.redis().restore();
        }
    }
}
