package io.codeagents.reviewer;

import io.codeagents.common.testing.ServiceConventionsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ConventionsTest extends ServiceConventionsContract {

    @Override
    protected String jsonEndpoint() {
        return "/review";
    }

    @Override
    protected String bodyWithoutRequiredField() {
        return "{\"tests\": \"def test_x():\\n    assert True\\n\"}";
    }

    @Override
    protected String missingField() {
        return "code";
    }
}
