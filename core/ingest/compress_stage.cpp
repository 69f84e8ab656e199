#include "ingest/compress_stage.h"

#include "store/block_codec.h"

namespace siphon::ingest {

void compressBlocks(BatchQueue& parsed, BatchQueue& ready) {
    store::BlockCompressor compressor;
    while (auto batch = parsed.pop()) {
        for (SourceBlock& block : batch->blocks) {
            if (!block.zstd.empty()) continue;
            // On failure (out of memory) the block stays uncompressed and the writer refuses it: the
            // import stops rather than store records without their bytes.
            if (Status s = compressor.compress(block.bytes, block.zstd); !s) continue;
            block.bytes.clear();
            block.bytes.shrink_to_fit();
        }
        if (!ready.push(std::move(*batch))) {
            parsed.abort();
            return;
        }
    }
    ready.close();
}

} // namespace siphon::ingest
