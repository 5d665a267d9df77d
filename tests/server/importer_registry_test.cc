// The registry of a plugin directory through real workers: which
// libraries load and why the others do not, names taken twice, and reloads
// while older sets are still in use.

#include "server/importing/importer_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;

std::string Fixture(const std::string& name) {
  return absl::StrCat(TKP_FIXTURE_PLUGIN_DIR, "/", name, ".so");
}

absl::StatusOr<std::unique_ptr<ImporterRegistry>> OpenRegistry(
    const std::string& dir) {
  return ImporterRegistry::Open(dir, testing::TestWorkerOptions());
}

// Copies a built plugin into `dir` as `name` (a new file, as `install`
// writes one), owner-writable only.
void PutPlugin(const std::string& from, const std::string& dir,
               const std::string& name) {
  const std::string to = absl::StrCat(dir, "/", name);
  std::filesystem::remove(to);
  std::filesystem::copy_file(from, to);
  std::filesystem::permissions(to, std::filesystem::perms(0644));
}

// The files in a directory.
int FilesIn(const std::filesystem::path& dir) {
  int files = 0;
  std::error_code error;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator(dir, error)) {
    ++files;
  }
  return files;
}

TEST(ImporterRegistryTest, DirectoryScanReportsBadFilesAndKeepsTheGoodOnes) {
  absl::StatusOr<std::unique_ptr<ImporterRegistry>> registry =
      OpenRegistry(TKP_FIXTURE_PLUGIN_DIR);
  ASSERT_TRUE(registry.ok()) << registry.status();
  const std::shared_ptr<const ImporterSet> set = (*registry)->current();
  std::vector<std::string> names;
  for (const ImporterEntry& l : set->importers()) names.push_back(l.info.name);
  // fixture_duplicate_name says it is layout-a.
  EXPECT_THAT(names,
              ::testing::UnorderedElementsAre("fixture-good", "layout-a"));
  std::vector<std::string> errors;
  for (const PluginProblem& p : set->problems()) {
    errors.push_back(absl::StrCat(p.file, ": ", p.error));
  }
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_THAT(errors, ::testing::Contains(HasSubstr("fixture_wrong_abi.so: "
                                                    "built for plugin ABI "
                                                    "version 99")));
  EXPECT_THAT(errors, ::testing::Contains(HasSubstr("fixture_missing_entry")));
  EXPECT_THAT(errors, ::testing::Contains(HasSubstr("fixture_not_a_library")));
  // The errors name the plugin directory's files, not the copies.
  for (const std::string& error : errors) {
    EXPECT_THAT(error, ::testing::Not(HasSubstr("tkp-plugins-")));
  }
  // What confines the workers is known.
  EXPECT_FALSE(set->protections().active.empty());
}

TEST(ImporterRegistryTest, MissingDirectoryIsAnError) {
  absl::StatusOr<std::unique_ptr<ImporterRegistry>> registry =
      OpenRegistry("/nonexistent/tkp");
  ASSERT_FALSE(registry.ok());
  EXPECT_THAT(registry.status().message(), HasSubstr("/nonexistent/tkp"));
}

TEST(ImporterRegistryTest, ADuplicateNameIsRefusedAndTheFirstKept) {
  const testing::TempDir dir;
  std::filesystem::permissions(dir.path(), std::filesystem::perms(0755));
  PutPlugin(absl::StrCat(TKP_PLUGIN_DIR, "/tkp_layout_a.so"), dir.path(),
            "a.so");
  PutPlugin(Fixture("fixture_duplicate_name"), dir.path(), "b.so");
  absl::StatusOr<std::unique_ptr<ImporterRegistry>> registry =
      OpenRegistry(dir.path());
  ASSERT_TRUE(registry.ok()) << registry.status();
  const std::shared_ptr<const ImporterSet> set = (*registry)->current();
  ASSERT_EQ(set->importers().size(), 1u);
  EXPECT_EQ(set->importers()[0].file, dir.File("a.so"));
  ASSERT_EQ(set->problems().size(), 1u);
  EXPECT_THAT(set->problems()[0].error,
              HasSubstr("duplicate importer name \"layout-a\""));
  EXPECT_EQ(set->problems()[0].file, dir.File("b.so"));
  absl::StatusOr<const ImporterEntry*> unknown = set->Named("layout-z");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(unknown.status().message(), HasSubstr("loaded: layout-a"));
}

TEST(ImporterRegistryTest, ReloadAddsReplacesAndRemovesWhileOldSetsStay) {
  const testing::TempDir dir;
  std::filesystem::permissions(dir.path(), std::filesystem::perms(0755));
  const std::string layout_a = absl::StrCat(TKP_PLUGIN_DIR, "/tkp_layout_a.so");
  const std::string layout_b = absl::StrCat(TKP_PLUGIN_DIR, "/tkp_layout_b.so");
  PutPlugin(layout_a, dir.path(), "one.so");
  absl::StatusOr<std::unique_ptr<ImporterRegistry>> registry =
      OpenRegistry(dir.path());
  ASSERT_TRUE(registry.ok()) << registry.status();
  std::shared_ptr<const ImporterSet> first = (*registry)->current();
  ASSERT_EQ(first->importers().size(), 1u);
  EXPECT_EQ(first->importers()[0].info.name, "layout-a");
  // The registry's private directory of copies.
  const std::filesystem::path copies =
      std::filesystem::path(first->importers()[0].copy->path()).parent_path();
  EXPECT_EQ(FilesIn(copies), 1);

  // Nothing changed: the same copy serves.
  absl::StatusOr<ImporterRegistry::ReloadReport> same = (*registry)->Reload();
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_THAT(same->unchanged, ::testing::ElementsAre(dir.File("one.so")));
  EXPECT_EQ((*registry)->current()->importers()[0].copy,
            first->importers()[0].copy);

  // one.so now holds layout B; a broken library joins it.
  PutPlugin(layout_b, dir.path(), "one.so");
  PutPlugin(Fixture("fixture_not_a_library"), dir.path(), "two.so");
  absl::StatusOr<ImporterRegistry::ReloadReport> changed =
      (*registry)->Reload();
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_THAT(changed->replaced, ::testing::ElementsAre(dir.File("one.so")));
  EXPECT_THAT(changed->added, ::testing::ElementsAre(dir.File("two.so")));
  std::shared_ptr<const ImporterSet> second = (*registry)->current();
  ASSERT_EQ(second->importers().size(), 1u);
  EXPECT_EQ(second->importers()[0].info.name, "layout-b");
  ASSERT_EQ(second->problems().size(), 1u);
  EXPECT_THAT(second->problems()[0].error,
              HasSubstr("cannot be loaded as a shared library"));

  // Both gone. Sets still held keep their copies for their workers.
  std::filesystem::remove(dir.File("one.so"));
  std::filesystem::remove(dir.File("two.so"));
  absl::StatusOr<ImporterRegistry::ReloadReport> emptied =
      (*registry)->Reload();
  ASSERT_TRUE(emptied.ok()) << emptied.status();
  EXPECT_THAT(emptied->removed,
              ::testing::ElementsAre(dir.File("one.so"), dir.File("two.so")));
  EXPECT_TRUE((*registry)->current()->importers().empty());
  EXPECT_TRUE(std::filesystem::exists(first->importers()[0].copy->path()));
  EXPECT_TRUE(std::filesystem::exists(second->importers()[0].copy->path()));
  EXPECT_EQ(FilesIn(copies), 2);
  // Once nothing uses them, the copies go.
  first.reset();
  second.reset();
  EXPECT_EQ(FilesIn(copies), 0);
}

}  // namespace
}  // namespace tkp
