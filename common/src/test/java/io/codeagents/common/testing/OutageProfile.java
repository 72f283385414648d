package io.codeagents.common.testing;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The service reaches PostgreSQL and Redis through proxies the test can cut ({@link OutageProxies}). */
public class OutageProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OutageProxies.class));
    }
}
