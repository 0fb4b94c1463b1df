package ai.emotion.lambda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;

import org.junit.jupiter.api.Test;

import ai.emotion.infra.SamTemplate;

/**
 * The template's Handler is a class of the lambda build with the method Lambda's Java runtime calls. By name:
 * the AWS types are on the classpath of the lambda build only, and this source compiles in both.
 */
class LambdaHandlerTest {

    @Test
    void handlerIsARequestStreamHandlerOfThisBuild() throws Exception {
        String[] handler = SamTemplate.read().handler().split("::");
        Class<?> type = Class.forName(handler[0]);
        assertTrue(Class.forName("com.amazonaws.services.lambda.runtime.RequestStreamHandler").isAssignableFrom(type),
                handler[0]);
        type.getMethod(handler[1], InputStream.class, OutputStream.class,
                Class.forName("com.amazonaws.services.lambda.runtime.Context"));
    }
}
