package io.hostkeeper.common.probe;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** A response body read up to a limit (then the rest is refused), decoded as UTF-8. */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {
  private final int limit;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final CompletableFuture<String> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  BoundedBody(int limit) {
    this.limit = limit;
  }

  static HttpResponse.BodyHandler<String> handler(int limit) {
    return info -> new BoundedBody(limit);
  }

  @Override
  public CompletionStage<String> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    for (ByteBuffer b : items) {
      int n = Math.min(b.remaining(), limit - kept.size());
      byte[] bytes = new byte[n];
      b.get(bytes);
      kept.write(bytes, 0, n);
    }
    if (kept.size() >= limit) {
      subscription.cancel();
      complete();
    } else {
      subscription.request(1);
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    complete();
  }

  private void complete() {
    result.complete(kept.toString(StandardCharsets.UTF_8));
  }
}
