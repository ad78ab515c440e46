package dev.baton.launcher.up;

import dev.baton.testkit.GitFixture;
import dev.baton.testkit.GitRepo;
import java.nio.file.Path;
import java.util.Map;

/** The demo's sample repository: a tiny Python project with a real bug and a test that shows it. */
public final class DemoRepo {
    static final String TEST_FILE = "test_calc.py";
    static final String BUGGY_CALC = "def add(a, b):\n    return a - b\n";
    static final String FIXED_CALC = "def add(a, b):\n    return a + b\n";
    public static final String TITLE = "add() subtracts instead of adding";
    public static final String DESCRIPTION = "test_calc.py fails: add(2, 3) returns -1 instead of 5.";

    private DemoRepo() {}

    public static GitRepo create(Path dir, String name) {
        return GitFixture.createBare(dir, name, Map.of(
                "README.md", "# calc\n\nA tiny calculator. Run the tests with `python3 -m pytest -q`.\n",
                "calc.py", BUGGY_CALC,
                TEST_FILE, "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n"));
    }
}
