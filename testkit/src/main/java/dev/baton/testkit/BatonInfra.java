package dev.baton.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lets a JUnit 5 test class (or method) take Baton's real infrastructure as parameters:
 * {@link KafkaBroker} and {@link RedisServer} (shared by the JVM), {@link ScriptedModelServer}
 * (one per top-level test class) and {@link GitFixtures} (one per test). See
 * {@link BatonInfraExtension}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(BatonInfraExtension.class)
public @interface BatonInfra {}
