package io.codeagents.download;

import io.codeagents.common.testing.ServiceConventionsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ConventionsTest extends ServiceConventionsContract {

    @Override
    protected String jsonEndpoint() {
        return "/_conventions/probe";
    }

    @Override
    protected String bodyWithoutRequiredField() {
        return "{\"size\": 2}";
    }

    @Override
    protected String missingField() {
        return "probe_name";
    }
}
