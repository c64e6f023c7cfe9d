package dev.engram.memory.embedding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small vector helpers: normalisation, dot product, and the byte form stored in PostgreSQL. */
public final class Vectors {
  private Vectors() {
  }

  /** {@code v} scaled to unit length (a copy); a zero vector stays zero. */
  public static float[] normalized(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    float[] out = v.clone();
    if (sum > 0) {
      float inv = (float) (1 / Math.sqrt(sum));
      for (int i = 0; i < out.length; i++) {
        out[i] *= inv;
      }
    }
    return out;
  }

  /** Dot product; for unit vectors this is the cosine similarity. */
  public static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Little-endian float32 bytes, as stored in a {@code BYTEA} column. */
  public static byte[] toBytes(float[] v) {
    ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      buf.putFloat(x);
    }
    return buf.array();
  }

  /** The inverse of {@link #toBytes}. */
  public static float[] fromBytes(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[bytes.length / Float.BYTES];
    for (int i = 0; i < v.length; i++) {
      v[i] = buf.getFloat();
    }
    return v;
  }
}
