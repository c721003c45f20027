package dev.economy.app.query;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What every refusal of the read API looks like on the wire: RFC 9457 with a stable code. */
final class ProblemAssertions {

  private ProblemAssertions() {}

  static WebTestClient.BodyContentSpec assertProblem(
      WebTestClient.ResponseSpec response, int status, String code) {
    return response
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:economy:problem:" + code)
        .jsonPath("$.code")
        .isEqualTo(code)
        .jsonPath("$.status")
        .isEqualTo(status)
        .jsonPath("$.title")
        .isNotEmpty()
        .jsonPath("$.detail")
        .isNotEmpty();
  }
}
