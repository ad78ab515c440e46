package dev.baton.launcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.blackboard.budget.Budgets;
import dev.baton.blackboard.budget.Cap;
import dev.baton.protocol.Role;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.GitFixtures;
import dev.baton.testkit.GitRepo;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import dev.baton.testkit.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboard in headless Chromium against the whole platform (real Kafka, Redis, git; scripted model):
 * submit, watch handoffs arrive live, read the ticket's diff, plan and stage transcripts, block a ticket by lowering a budget in place and release it by raising it,
 * approve a gated ticket, halt and resume the fleet. Screenshots go to {@code target/screenshots}.
 */
@BatonInfra
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    static final Path SHOTS = Path.of("target", "screenshots");
    static final Duration WAIT = Duration.ofSeconds(90);
    static OperatorPlatform platform;
    static Browser browser;
    static Budgets budgets;

    @BeforeAll
    static void start(KafkaBroker kafka, RedisServer redis, ScriptedModelServer model, GitFixtures git) throws Exception {
        DashboardScripts.install(model);
        platform = new OperatorPlatform(kafka.bootstrapServers(), redis.uri(), model.baseUrl(), git.dir());
        budgets = new Budgets(platform.coordinator.blackboard().redis(), Clock.systemUTC());
        Files.createDirectories(SHOTS);
        browser = Browser.start(git.dir().resolve("chromium-profile"), Path.of("target", "chromedriver.log"));
        browser.open(platform.url("/dashboard/"));
        browser.await("the login form", "!document.getElementById('login').hidden", WAIT, shot("00-login-failed"));
        browser.screenshot(shot("00-login"));
        browser.type("#token-input", OperatorPlatform.DANA_TOKEN);
        browser.click("#login-button");
        browser.await("the board and a live stream", "!document.getElementById('app').hidden && "
                + "document.getElementById('stream-status').textContent === 'live'", WAIT, shot("00-board-failed"));
        browser.await("the operator the token names", "document.getElementById('operator-name').textContent === 'dana'",
                WAIT, shot("00-operator-failed"));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (platform != null) {
                budgets.change(Role.ENGINEER, Map.of(Cap.DAY_USD, Optional.empty()));
                platform.close();
            }
        }
    }

    static Path shot(String name) {
        return SHOTS.resolve(name + ".png");
    }

    /** Submits a ticket with the dashboard's form and returns its id, read from the confirmation. */
    static String submit(GitRepo repo, String title) throws Exception {
        browser.script("location.hash = '#/'; document.getElementById('toast').textContent = '';");
        browser.type("#submit-repo", repo.url());
        browser.type("#submit-title", title);
        browser.click("#submit-button");
        browser.await("the submission", "document.getElementById('toast').textContent.startsWith('submitted ')", WAIT,
                shot("submit-failed"));
        return browser.script("return document.getElementById('toast').textContent.substring(10)").asText();
    }

    static void awaitCard(String id, String state, String screenshot) throws Exception {
        browser.await(id + " on the board in " + state, "document.querySelector('#board [data-ticket=\"" + id
                + "\"]').dataset.state === '" + state + "'", WAIT, shot(screenshot + "-failed"));
        browser.screenshot(shot(screenshot));
    }

    static void editCap(String role, String cap, String value) throws Exception {
        String scope = "#budgets [data-role=\"" + role + "\"] ";
        browser.click(scope + "button[data-cap=\"" + cap + "\"]");
        browser.typeAndEnter(scope + "input[data-cap=\"" + cap + "\"]", value);
        browser.await(role + " " + cap + " saved as " + value, "document.querySelector('" + scope
                + "button[data-cap=\"" + cap + "\"]').textContent === '$" + value + ".00'", WAIT, shot("cap-failed"));
    }

    @Test
    @Order(1)
    void shouldShowHandoffsLiveWithoutAReload(GitFixtures git) throws Exception {
        GitRepo repo = git.createBare("live.git", Map.of("README.md", "# live\n"));
        browser.script("window.batonMarker = 'not reloaded';");

        String id = submit(repo, "Greet from the dashboard");

        browser.await("six handoffs of " + id + " in the live feed", "document.querySelectorAll('#feed li[data-ticket=\""
                + id + "\"][data-type=\"HandoffEvent\"]').length >= 6", WAIT, shot("01-live-failed"));
        awaitCard(id, "DELIVERED", "01-board-live");
        assertThat(browser.script("return window.batonMarker").asText()).isEqualTo("not reloaded");
        assertThat(browser.script("return [...document.querySelectorAll('#feed li[data-ticket=\"" + id
                + "\"]')].map(li => li.textContent).join('\\n')").asText())
                .contains("PLANNING → IMPLEMENTING [pm → engineer]").contains("DELIVERING → DELIVERED");

        browser.click("#board [data-ticket=\"" + id + "\"] a.title");
        browser.await("the ticket page", "document.getElementById('ticket-state').dataset.state === 'DELIVERED' && "
                + "document.querySelectorAll('#timeline li[data-type=\"ModelCall\"]').length >= 3 && "
                + "document.querySelector('#reviews [data-decision=\"APPROVED\"]')", WAIT, shot("02-ticket-failed"));
        assertThat(browser.script("return document.getElementById('plan').textContent").asText())
                .contains(DashboardScripts.CRITERION);
        browser.screenshot(shot("02-ticket-page"));
    }

    @Test
    @Order(2)
    void shouldShowTheDiffOfEachCommitThePlanHandedOffAndEachStagesTranscript() throws Exception {
        browser.await("the diff, the plan in the PM's handoff and three stage summaries",
                "document.querySelector('#commits details.diff pre.diff span.add') && "
                + "document.querySelector('#timeline li[data-type=\"HandoffEvent\"] .plan-outline') && "
                + "document.querySelectorAll('#timeline li[data-type=\"StageSummary\"]').length >= 3", WAIT,
                shot("02-diff-failed"));
        assertThat(browser.script("return document.querySelector('#commits pre.diff').textContent").asText())
                .contains("+++ b/greeting.txt").contains("+-- hello");
        assertThat(browser.script("return [...document.querySelectorAll('#commits pre.diff span.add')]"
                + ".map(e => e.textContent).join('')").asText()).isEqualTo("+-- hello\n");
        assertThat(browser.script("return document.querySelector('#timeline .plan-outline').textContent").asText())
                .contains("task-1: Write greeting.txt").contains("files: greeting.txt").contains(DashboardScripts.CRITERION);
        String engineer = "[...document.querySelectorAll('#timeline li[data-type=\"StageSummary\"]')]"
                + ".find(li => li.textContent.includes('engineer task-1 round 1: COMMITTED'))";
        browser.script(engineer + ".querySelector('button').click()");
        browser.await("the engineer's transcript", engineer + ".querySelector('pre.transcript').textContent"
                + ".includes('[system] You are the Engineer')", WAIT, shot("02-transcript-failed"));
        assertThat(browser.script("return " + engineer + ".querySelector('pre.transcript').textContent").asText())
                .contains("[user] Ticket ").contains("[tool] wrote");
        browser.screenshot(shot("02-ticket-diff-and-transcript"));
    }

    @Test
    @Order(3)
    void shouldBlockOnALoweredDailyBudgetAndFinishWhenItIsRaised(GitFixtures git) throws Exception {
        GitRepo repo = git.createBare("budget.git", Map.of("README.md", "# budget\n"));
        browser.script("location.hash = '#/';");

        editCap("engineer", "dayUsd", "0");
        assertThat(platform.coordinator.blackboard().redis().hget("baton:budget:{engineer}", "day-usd")).isEqualTo("0");
        String id = submit(repo, "Greet within budget");
        awaitCard(id, "BLOCKED_BUDGET", "03-blocked-on-budget");

        browser.click("#board [data-ticket=\"" + id + "\"] a.title");
        browser.await("the refused model call on the ticket page", "[...document.querySelectorAll("
                + "'#timeline li[data-type=\"BudgetEvent\"]')].some(li => li.textContent.includes('refused'))", WAIT,
                shot("04-ticket-blocked-failed"));
        browser.screenshot(shot("04-ticket-blocked"));
        browser.script("location.hash = '#/';");

        editCap("engineer", "dayUsd", "10");
        awaitCard(id, "DELIVERED", "05-raised-and-delivered");
        assertThat(repo.fileAt("baton/" + id, "greeting.txt")).isPresent();
    }

    @Test
    @Order(4)
    void shouldResumeAGatedTicketWhenApprovedInTheQueue(GitFixtures git) throws Exception {
        GitRepo repo = git.createBare("gated.git", Map.of("README.md", "# gated\n"));

        String id = submit(repo, "[migration] Add the users table");
        awaitCard(id, "AWAITING_APPROVAL", "06-awaiting-approval");
        String item = "#approvals li[data-ticket=\"" + id + "\"] ";
        browser.type(item + "input.reason", "schema reviewed");
        browser.click(item + "button.approve");

        awaitCard(id, "DELIVERED", "07-approved-and-delivered");
        assertThat(browser.script("return [...document.querySelectorAll('#feed li[data-ticket=\"" + id
                + "\"]')].map(li => li.textContent).join('\\n')").asText())
                .contains("approved by dana: schema reviewed");
        assertThat(repo.fileAt("baton/" + id, DashboardScripts.MIGRATION)).isPresent();
    }

    @Test
    @Order(5)
    void shouldHaltAndResumeTheFleetFromTheHeader() throws Exception {
        try {
            browser.click("#fleet-toggle");
            browser.acceptAlert();
            browser.await("the fleet halted", "document.getElementById('fleet-status').textContent.startsWith('HALTED')",
                    WAIT, shot("08-halted-failed"));
            browser.screenshot(shot("08-halted"));
            assertThat(platform.coordinator.blackboard().fleetHalted()).isTrue();
        } finally {
            browser.click("#fleet-toggle");
        }
        browser.await("the fleet running", "document.getElementById('fleet-status').textContent === 'fleet running'",
                WAIT, shot("09-resumed-failed"));
        assertThat(platform.coordinator.blackboard().fleetHalted()).isFalse();
    }
}
