package ai.emotion.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** config.json's "load": each form selects what it says; anything else stops startup naming the file. */
class LoadPolicyTest {
    static final List<String> ON_DISK = List.of("1", "2", "4", "7", "9", "10", "11", "12");
    static final Path FILE = Path.of("models-onnx/emotion/config.json");

    static LoadPolicy parse(String json) throws Exception {
        return LoadPolicy.parse(new ObjectMapper().readTree(json), FILE);
    }

    @Test
    void eachFormSelectsWhatItSays() throws Exception {
        assertEquals(Set.copyOf(ON_DISK), parse("null").select(ON_DISK, Set.of("10")));
        assertEquals(Set.copyOf(ON_DISK), parse("\"all\"").select(ON_DISK, Set.of("10")));
        assertEquals(Set.of("10", "4"), parse("\"routable\"").select(ON_DISK, Set.of("10", "4", "99")));
        assertEquals(Set.of("11", "12"), parse("{\"latest\": 2}").select(ON_DISK, Set.of()),
                "numerically highest, not 9 > 12 as text");
        assertEquals(Set.of("2", "7"), parse("[\"2\", \"7\", \"99\"]").select(ON_DISK, Set.of()));
    }

    @Test
    void anythingElseNamesTheFile() {
        for (String bad : List.of("\"some\"", "{\"latest\": 0}", "{\"latest\": 1.5}", "[]", "[\"x\"]", "[1]", "3",
                "{\"latest\": 2, \"x\": 1}")) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> parse(bad), bad);
            assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("load must be"),
                    e.getMessage());
        }
    }
}
