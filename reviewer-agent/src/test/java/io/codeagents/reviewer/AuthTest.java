package io.codeagents.reviewer;

import io.codeagents.common.auth.Scope;
import io.codeagents.common.testing.AuthContract;
import io.codeagents.common.testing.AuthOnProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@TestProfile(AuthOnProfile.class)
class AuthTest extends AuthContract {

    @Override
    protected Scope requiredScope() {
        return Scope.REVIEW;
    }

    @Override
    protected Response call(RequestSpecification request) {
        return request.contentType(ContentType.JSON)
                .body("{\"code\":\"X = 1\\n\",\"run_tests\":false,\"llm_review\":false}").post("/review");
    }
}
