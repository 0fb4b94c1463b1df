package ai.emotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import ai.emotion.config.EmotionAiConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Defaults have one source, EmotionAiConfig: the README's configuration table must list every setting that has a
 * default, with that default, and name no setting the code does not have.
 */
class ReadmeConfigTest {
    static final Pattern ROW = Pattern.compile("^\\| `(emotion-ai\\.[a-z0-9.\\-]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

    @Test
    void theReadmeTableStatesTheCodesDefaults() throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(EmotionAiConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()).build();
        Map<String, String> defaults = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("emotion-ai.")) {
                defaults.put(name, config.getConfigValue(name).getValue());
            }
        }
        Map<String, String> documented = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("README.md")));
        while (row.find()) {
            documented.put(row.group(1), row.group(2).trim());
        }
        assertTrue(defaults.size() > 10, "defaults found: " + defaults);
        defaults.forEach((key, value) -> assertEquals("`" + value + "`", documented.get(key),
                "README's configuration table for " + key));
        // every property the mapping declares, maps as <name>.* (the README writes <model>, "<v>")
        var declared = ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(EmotionAiConfig.class,
                "emotion-ai")).keySet();
        documented.forEach((key, value) -> {
            String pattern = key.replaceAll("<[^>]+>|\"<[^>]+>\"", "*");
            assertTrue(declared.contains(pattern) || declared.contains(key),
                    key + " is in the README's configuration table but EmotionAiConfig has no such setting");
            if (!defaults.containsKey(key)) {
                assertTrue(value.startsWith("unset") || value.startsWith("on for") || pattern.contains("*"),
                        key + " is documented with default " + value + " but the code declares no such default");
            }
        });
    }
}
