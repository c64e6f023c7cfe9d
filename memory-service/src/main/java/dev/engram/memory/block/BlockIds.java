package dev.engram.memory.block;

import dev.engram.contracts.Ids;
import dev.engram.platform.rest.ApiException;

/** Validation of block ids in paths: Letta answers 422 for an id that is not {@code block-<uuid4>}. */
final class BlockIds {
  private BlockIds() {
  }

  static String check(String blockId) {
    if (!Ids.isValid(Ids.BLOCK, blockId)) {
      throw ApiException.unprocessable("block_id: Input should be a valid block id of the form block-<uuid4>, got '"
          + blockId + "'");
    }
    return blockId;
  }
}
