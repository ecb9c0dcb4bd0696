package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyNamesTest {
  @ParameterizedTest
  @CsvSource({"maxStaleness,max_staleness", "listen,listen", "tlsVerify,tls_verify", "httpURL,http_url",
      "urlPath,url_path", "ipv6Only,ipv6_only", "keepLast,keep_last", "dataDir,data_dir"})
  void snakeCase(String camel, String snake) {
    assertEquals(snake, KeyNames.snake(camel));
  }

  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {"max_stalenes,max_staleness", "maxStaleness,max_staleness", "MAX-STALENESS,max_staleness",
      "listn,listen", "lsten,listen", "scrape,-", "colour,-", "paths,paths"})
  void didYouMean(String typed, String hint) {
    assertEquals(hint, KeyNames.closest(typed, List.of("listen", "paths", "collectors", "max_staleness", "scrape_timeout")));
  }
}
