package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

/** The configuration processor's metadata lists the properties with descriptions and defaults. */
class MetadataTest {

    @Test
    void propertiesHaveDescriptionsAndDefaults() throws IOException {
        Map<String, Map<String, Object>> properties = starterMetadata();
        assertThat(properties.get("maintenance.status-code")).containsEntry("defaultValue", 503)
                .containsKey("description");
        assertThat(properties.get("maintenance.retry-after")).containsEntry("defaultValue", "300s");
        assertThat(properties.get("maintenance.registry.bind-address")).containsEntry("defaultValue", "127.0.0.1");
        assertThat(properties.get("maintenance.registry.enabled")).containsEntry("defaultValue", false);
        assertThat(properties.get("maintenance.registry.named-tokens").get("description")).asString()
                .contains("name to secret").contains("actor");
        assertThat(properties.get("maintenance.dashboard.path")).containsEntry("defaultValue", "/maintenance");
        assertThat(properties.get("maintenance.dashboard.named-tokens")).containsEntry("type",
                "java.util.Map<java.lang.String,java.lang.String>").extractingByKey("description").asString()
                .contains("recorded with its name as actor");
        assertThat(properties.get("maintenance.exempt-operator-paths")).containsEntry("defaultValue", true);
        assertThat(properties.get("maintenance.store.type")).containsEntry("defaultValue", "memory");
        assertThat(properties.get("maintenance.page.title")).containsEntry("defaultValue", "Down for maintenance");
        assertThat(properties.get("maintenance.exempt-robots-txt")).containsEntry("defaultValue", true);
        assertThat(properties.get("maintenance.retry-after-format")).containsEntry("defaultValue", "date");
        assertThat(properties.get("maintenance.hold.max-requests")).containsEntry("defaultValue", 1000);
        assertThat(properties.get("maintenance.hold.timeout")).containsEntry("defaultValue", "30s");
        assertThat(properties.get("maintenance.read-only.allow")).containsKey("description");
        assertThat(properties.get("maintenance.store.jdbc.table-prefix")).containsEntry("defaultValue", "maintenance_");
        assertThat(properties.get("maintenance.store.jdbc.poll-interval")).containsEntry("defaultValue", "1s");
        assertThat(properties.get("maintenance.cluster.heartbeat")).containsEntry("defaultValue", "5s")
                .extractingByKey("description").asString().contains("three heartbeats");
        // One properties type serves the file store and the flag file; each keeps its own description.
        assertThat(properties.get("maintenance.store.file.path").get("description")).asString()
                .startsWith("The state file");
        assertThat(properties.get("maintenance.flag-file.path").get("description")).asString()
                .startsWith("The flag file");
        assertThat(properties.get("maintenance.store.file.poll-interval")).containsEntry("defaultValue", "500ms")
                .extractingByKey("description").asString().contains("other processes");
        assertThat(properties.get("maintenance.flag-file.poll-interval")).containsEntry("defaultValue", "500ms")
                .extractingByKey("description").asString().contains("at most 1s");
        for (Map.Entry<String, Map<String, Object>> p : properties.entrySet()) {
            assertThat(p.getValue().get("description")).as(p.getKey()).asString().isNotBlank();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> starterMetadata() throws IOException {
        for (URL url : Collections.list(MetadataTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            String json;
            try (InputStream in = url.openStream()) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!json.contains("\"maintenance.status-code\"")) {
                continue;
            }
            Map<String, Map<String, Object>> byName = new HashMap<>();
            for (Object p : (List<Object>) JsonParserFactory.getJsonParser().parseMap(json).get("properties")) {
                Map<String, Object> property = (Map<String, Object>) p;
                byName.put((String) property.get("name"), property);
            }
            return byName;
        }
        throw new AssertionError("no metadata of the starter on the class path");
    }
}
