package dev.engram.steprunner.rest;

import dev.engram.platform.rest.ApiException;

/** The paging parameters of step-runner's internal message listings. */
final class PageParams {

  /** 422 unless {@code limit} is 1..1000 and {@code order} is {@code asc} or {@code desc}. */
  static void check(int limit, String order) {
    if (limit < 1 || limit > 1000) {
      throw ApiException.unprocessable("limit must be between 1 and 1000");
    }
    if (!order.equals("asc") && !order.equals("desc")) {
      throw ApiException.unprocessable("order must be 'asc' or 'desc'");
    }
  }

  /** A cursor as given, or null when absent or blank. */
  static String cursor(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private PageParams() {
  }
}
