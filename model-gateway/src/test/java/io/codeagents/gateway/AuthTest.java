package io.codeagents.gateway;

import io.codeagents.common.auth.Scope;
import io.codeagents.common.testing.AuthContract;
import io.codeagents.common.testing.AuthOnProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@TestProfile(AuthOnProfile.class)
@QuarkusTestResource(ModelServers.class)
class AuthTest extends AuthContract {

    @Override
    protected Scope requiredScope() {
        return Scope.GENERATE;
    }

    @Override
    protected Response call(RequestSpecification request) {
        return request.contentType(ContentType.JSON)
                .body("{\"model\":\"ollama/qwen2.5-coder:1.5b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions");
    }
}
