package io.codeagents.download;

import io.codeagents.common.testing.ServiceConventionsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ConventionsTest extends ServiceConventionsContract {

    @Override
    protected String jsonEndpoint() {
        return "/pulls";
    }

    @Override
    protected String bodyWithoutRequiredField() {
        return "{\"other\": 2}";
    }

    @Override
    protected String missingField() {
        return "model";
    }
}
