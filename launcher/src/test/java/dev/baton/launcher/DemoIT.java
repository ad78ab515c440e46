package dev.baton.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.GitFixtures;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ./baton demo}, as the README tells a new user to run it: a real bug fixed red to green in the sandbox. */
@BatonInfra
class DemoIT {

    @Test
    void shouldFixTheSampleBugRedThenGreenAndDeliver(GitFixtures git) throws Exception {
        Process demo = BatonUpIT.baton("demo", "--dir", git.dir().resolve("state").toString()).start();
        String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(demo.waitFor(300, TimeUnit.SECONDS)).isTrue();

        assertThat(output).contains("SCRIPTED demo model");
        assertThat(output).contains("DELIVERING -> DELIVERED").contains("ended DELIVERED");
        assertThat(output).contains("return a + b");
        int red = output.indexOf("no:cacheprovider'  -> exit 1");
        int green = output.lastIndexOf("no:cacheprovider'  -> exit 0");
        assertThat(red).as(output).isPositive();
        assertThat(green).as(output).isGreaterThan(red);
        assertThat(demo.exitValue()).as(output).isZero();
    }
}
