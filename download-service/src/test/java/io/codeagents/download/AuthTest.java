package io.codeagents.download;

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
        return Scope.MODELS;
    }

    @Override
    protected Response call(RequestSpecification request) {
        return request.contentType(ContentType.JSON).body("{\"probe_name\":\"x\",\"size\":1}").post("/_conventions/probe");
    }
}
