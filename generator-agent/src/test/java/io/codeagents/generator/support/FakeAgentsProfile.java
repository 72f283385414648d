package io.codeagents.generator.support;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The service wired to {@link FakeAgents}; every test class using it shares one application start. */
public class FakeAgentsProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeAgents.class));
    }
}
