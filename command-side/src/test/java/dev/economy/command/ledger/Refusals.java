package dev.economy.command.ledger;

import dev.economy.messages.ledger.LedgerErrorCode;
import java.util.Optional;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a failure by the code a caller would see, read the way the HTTP layer reads it. */
final class Refusals {
  private Refusals() {}

  static Matcher<Throwable> refusedWith(LedgerErrorCode code) {
    return new TypeSafeMatcher<>() {
      @Override
      protected boolean matchesSafely(Throwable failure) {
        return LedgerFailure.codeOf(failure).equals(Optional.of(code));
      }

      @Override
      public void describeTo(Description description) {
        description.appendText("a refusal with code " + code.code());
      }

      @Override
      protected void describeMismatchSafely(Throwable failure, Description description) {
        description.appendText(
            "was "
                + failure
                + " with code "
                + LedgerFailure.codeOf(failure).map(LedgerErrorCode::code));
      }
    };
  }
}
