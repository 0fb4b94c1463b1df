package ai.emotion.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import ai.emotion.serving.ModelRegistry;

/** Ready once every model version's session and the face detector are loaded and warmed; lists each one's state. */
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
        repository.status().forEach((model, warm) -> builder.withData(model, warm ? "warm" : "loading"));
        return builder.build();
    }
}
