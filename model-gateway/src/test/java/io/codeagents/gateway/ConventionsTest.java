package io.codeagents.gateway;

import io.codeagents.common.testing.ServiceConventionsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(ModelServers.class)
class ConventionsTest extends ServiceConventionsContract {

    @Override
    protected String jsonEndpoint() {
        return "/v1/chat/completions";
    }

    @Override
    protected String bodyWithoutRequiredField() {
        return "{\"model\": \"ollama/qwen2.5-coder:1.5b\"}";
    }

    @Override
    protected String missingField() {
        return "messages";
    }
}
