package dev.baton.testkit.internal;

/**
 * A child server did not become ready. The message names the server, the reason and the tail of
 * its log. {@link #addressInUse()} tells a fresh start it may retry on other ports. Not API.
 */
public final class StartupException extends IllegalStateException {
  private final boolean addressInUse;

  public StartupException(String message, boolean addressInUse) {
    super(message);
    this.addressInUse = addressInUse;
  }

  public boolean addressInUse() {
    return addressInUse;
  }
}
