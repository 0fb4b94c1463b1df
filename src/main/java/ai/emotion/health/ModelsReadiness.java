package ai.emotion.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import ai.emotion.serving.ModelRegistry;

/**
 * Ready once every model version's session and the face detector are loaded, warmed and self-checked; lists each
 * one's state. A version that failed its self-check ("unavailable: why") does not hold readiness DOWN: requests
 * fall back to the version it derives from.
 */
@Readiness
@ApplicationScoped
public class ModelsReadiness implements HealthCheck {
    private final ModelRegistry repository;

    public ModelsReadiness(ModelRegistry repository) {
        this.repository = repository;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("models").status(repository.allWarm());
        repository.status().forEach(builder::withData);
        return builder.build();
    }
}
