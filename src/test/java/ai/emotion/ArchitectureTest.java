package ai.emotion;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package structure the code promises: dependencies point one way (edges -> video, tracking -> serving ->
 * translators,
 * batching, routing -> engine, vision -> model, error, config), no package cycles, and no HTTP or Funqy type
 * below the edge packages that answer requests.
 */
class ArchitectureTest {
    static final String[] EDGES = { "ai.emotion.api..", "ai.emotion.protocol..", "ai.emotion.functions..",
            "ai.emotion.health..", "ai.emotion.dto..", "ai.emotion.nativeimage..", "ai.emotion.live..",
            "ai.emotion.events.." };
    static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("ai.emotion");
    }

    @Test
    void noPackageCycles() {
        slices().matching("ai.emotion.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void layersDependOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Edge").definedBy(EDGES)
                .layer("Sequences").definedBy("ai.emotion.video..", "ai.emotion.tracking..")
                .layer("Serving").definedBy("ai.emotion.serving..")
                .layer("Core").definedBy("ai.emotion.translate..", "ai.emotion.batching..", "ai.emotion.routing..",
                        "ai.emotion.geometry..", "ai.emotion.quality..")
                .layer("Base").definedBy("ai.emotion.engine..", "ai.emotion.vision..")
                .layer("Foundation").definedBy("ai.emotion.model..", "ai.emotion.error..", "ai.emotion.config..")
                .whereLayer("Edge").mayNotBeAccessedByAnyLayer()
                .whereLayer("Sequences").mayOnlyBeAccessedByLayers("Edge")
                .whereLayer("Serving").mayOnlyBeAccessedByLayers("Edge", "Sequences")
                .whereLayer("Core").mayOnlyBeAccessedByLayers("Edge", "Sequences", "Serving")
                .whereLayer("Base").mayOnlyBeAccessedByLayers("Edge", "Sequences", "Serving", "Core")
                .check(classes);
    }

    @Test
    void noHttpTypesBelowTheEdge() {
        noClasses().that().resideOutsideOfPackages(EDGES).should().dependOnClassesThat()
                .resideInAnyPackage("jakarta.ws.rs..", "org.jboss.resteasy..", "io.vertx..", "io.quarkus.funqy..",
                        "io.quarkus.vertx..", "org.eclipse.microprofile.openapi..", "org.eclipse.microprofile.health..")
                .because("HTTP statuses and web types belong to the edge; the core throws its own exceptions")
                .check(classes);
    }

    @Test
    void functionsAndProtocolsDoNotGoThroughTheRestResources() {
        noClasses().that().resideInAnyPackage("ai.emotion.functions..", "ai.emotion.protocol..",
                "ai.emotion.health..").should().dependOnClassesThat().resideInAPackage("ai.emotion.api..")
                .check(classes);
    }

    @Test
    void modelMetadataKnowsNoRuntime() {
        noClasses().that().resideInAPackage("ai.emotion.model..").should().dependOnClassesThat()
                .resideInAnyPackage("ai.onnxruntime..", "org.opencv..", "ai.emotion.engine..", "ai.emotion.vision..",
                        "ai.emotion.batching..", "ai.emotion.serving..")
                .check(classes);
    }
}
