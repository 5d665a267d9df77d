// The zip container of office documents (.xlsx, .ods), read with libzip,
// with the bound against decompression bombs every reader of it needs.

#ifndef TKP_PLUGINS_OFFICE_ZIP_ARCHIVE_H_
#define TKP_PLUGINS_OFFICE_ZIP_ARCHIVE_H_

#include <zip.h>

#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace tkp::office {

// A part bigger than this, uncompressed, is not a table of counts (and may
// be a zip bomb): no part is inflated past it.
inline constexpr zip_uint64_t kMaxPartBytes = zip_uint64_t{64} << 20;

// True when the bytes are a zip archive (an office document or not).
bool LooksLikeZip(std::string_view bytes);

class ZipArchive {
 public:
  // The archive in `bytes` (which must outlive it), or why it cannot be
  // opened, in words; `what` names the expected document ("workbook").
  static std::variant<ZipArchive, std::string> Open(std::string_view bytes,
                                                    const std::string& what);

  // True when the archive holds a part of that name.
  bool Has(const std::string& name) const;

  // Reads one part. Returns false when it is missing (error left empty) or
  // cannot be read or is over kMaxPartBytes (error says why).
  bool Read(const std::string& name, std::string* content,
            std::string* error) const;

 private:
  struct Closer {
    void operator()(zip_t* archive) const { zip_discard(archive); }
  };
  explicit ZipArchive(zip_t* archive) : archive_(archive) {}

  std::unique_ptr<zip_t, Closer> archive_;
};

}  // namespace tkp::office

#endif  // TKP_PLUGINS_OFFICE_ZIP_ARCHIVE_H_
