package dev.baton.proxy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * USD per million tokens, input (prompt) and output (completion). Immutable.
 */
public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    public static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public Price {
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
        if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
            throw new IllegalArgumentException("prices must not be negative");
        }
    }

    /** The cost of a call, rounded up to a micro-dollar so budgets never undercount. */
    public BigDecimal cost(long tokensIn, long tokensOut) {
        return inputPerMillion.multiply(BigDecimal.valueOf(tokensIn))
                .add(outputPerMillion.multiply(BigDecimal.valueOf(tokensOut)))
                .divide(MILLION, 6, RoundingMode.CEILING);
    }
}
