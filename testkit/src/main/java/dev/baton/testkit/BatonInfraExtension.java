package dev.baton.testkit;

import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves test parameters of type {@link KafkaBroker} and {@link RedisServer} (the JVM-wide
 * {@code shared()} instances), {@link ScriptedModelServer} (one per top-level test class, shared
 * with its {@code @Nested} classes, closed after the class; call {@code reset()} between tests if
 * they assert on recorded requests) and {@link GitFixtures} (one per extension context: per test
 * method, or per class for constructor and {@code @BeforeAll} parameters; deleted afterwards).
 *
 * <p>Thread-safety: safe under parallel test execution. Failure modes: a server that cannot start
 * fails the parameter resolution with a {@link ParameterResolutionException} whose cause names
 * the problem (for Kafka, with the broker log tail).
 */
public final class BatonInfraExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(BatonInfraExtension.class);
  private static final Set<Class<?>> TYPES = Set.of(KafkaBroker.class, RedisServer.class,
      ScriptedModelServer.class, GitFixtures.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return TYPES.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    try {
      if (type == KafkaBroker.class) {
        return KafkaBroker.shared();
      }
      if (type == RedisServer.class) {
        return RedisServer.shared();
      }
      if (type == ScriptedModelServer.class) {
        return topLevelClass(context).getStore(NAMESPACE).getOrComputeIfAbsent(
            ScriptedModelServer.class, key -> ScriptedModelServer.start(),
            ScriptedModelServer.class);
      }
      return context.getStore(NAMESPACE).getOrComputeIfAbsent(
          GitFixtures.class, key -> GitFixtures.inTempDir(), GitFixtures.class);
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("cannot provide " + type.getSimpleName() + ": "
          + e.getMessage(), e);
    }
  }

  /** The context of the outermost test class, so nested classes share its model server. */
  private static ExtensionContext topLevelClass(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
      current = current.getParent().orElseThrow();
    }
    return current;
  }
}
