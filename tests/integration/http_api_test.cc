// tkp-server's HTTP/JSON API (--http-listen) as curl, Power BI or a browser
// would call it: the exact bytes of each route's answer (golden files in
// tests/testdata/http/, their figures checked by hand against the sample
// documents), errors as JSON with grpc-gateway's statuses, tokens as on
// gRPC, limits, and the health routes.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <future>
#include <nlohmann/json.hpp>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "tests/support/certificates.h"
#include "tests/support/eventually.h"
#include "tests/support/http_client.h"
#include "tests/support/replica_calls.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;
using testing::HttpGet;
using testing::HttpPortOf;
using testing::HttpRequest;
using testing::HttpResult;
using testing::ServerProcess;
using testing::TkpAt;

// The golden file `name` under tests/testdata/http/. With
// TKP_UPDATE_GOLDEN=1 the answer is written there instead (then read the
// figures in it against the documents before committing it).
std::string Golden(const std::string& name, const std::string& answer) {
  const std::string path = std::string(TKP_TESTDATA_DIR) + "/http/" + name;
  if (const char* update = std::getenv("TKP_UPDATE_GOLDEN");
      update != nullptr && std::string(update) == "1") {
    testing::WriteFileOrDie(path, answer);
  }
  return testing::ReadFileOrDie(path);
}

class HttpApiTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--data-dir", dir_.File("data"),
                                     "--http-listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    server_ = std::make_unique<ServerProcess>(args);
    ASSERT_TRUE(server_->running()) << server_->log();
    port_ = HttpPortOf(server_->log());
    ASSERT_NE(port_, 0) << server_->log();
  }

  // Started with a reader's and an importer's token (reader-token-... and
  // importer-token-0123456789), which every /v1/ request then needs.
  void StartWithTokens(std::vector<std::string> extra = {}) {
    const std::string tokens = dir_.File("tokens");
    testing::WriteFileOrDie(tokens,
                            "reader-token-0123456789 reader\n"
                            "importer-token-0123456789 importer\n");
    ASSERT_EQ(::chmod(tokens.c_str(), 0600), 0);
    extra.insert(extra.begin(), {"--tokens-file", tokens});
    Start(extra);
  }

  // The samples, imported through the CLI: Groot Amsterdam 2023Q3 and Food
  // Valley 2023Q4.
  void ImportSamples(const std::vector<std::string>& token = {}) {
    for (const char* sample :
         {testing::kSampleAmsterdamA, testing::kSampleFoodValleyA}) {
      std::vector<std::string> args = token;
      args.push_back("import");
      args.push_back(testing::SamplePath(sample));
      const testing::ProcessResult imported = TkpAt(server_->address(), args);
      ASSERT_EQ(imported.exit_code, 0) << imported.err;
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  int port_ = 0;
};

TEST_F(HttpApiTest, EachRouteAnswersFlatJsonRecords) {
  Start();
  ImportSamples();
  // Groot Amsterdam's next quarter, from the sample that names none.
  const testing::ProcessResult q4 = TkpAt(
      server_->address(), {"import", "--period", "2023Q4",
                           testing::SamplePath(testing::kSampleAmsterdamB)});
  ASSERT_EQ(q4.exit_code, 0) << q4.err;
  for (const auto& [target, golden] :
       std::vector<std::pair<std::string, std::string>>{
           {"/v1/publications", "publications.json"},
           {"/v1/regions/Groot%20Amsterdam/totals?period=2023Q3",
            "totals.json"},
           // The CBS code and a form's '+' for a space mean the same.
           {"/v1/regions/AM18/totals?period=2023Q3", "totals.json"},
           {"/v1/regions/Groot+Amsterdam/municipalities?period=2023Q3",
            "municipalities.json"},
           {"/v1/coverage?period=2023Q4", "coverage.json"},
           {"/v1/regions/Groot%20Amsterdam/history", "history.json"},
           {"/v1/regions/Groot%20Amsterdam/changes", "changes.json"},
           {"/v1/municipalities/GM0358/history", "municipality-history.json"},
       }) {
    HttpResult r = HttpGet(port_, target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    EXPECT_EQ(r.headers["content-type"], "application/json") << target;
    EXPECT_EQ(r.body, Golden(golden, r.body)) << target;
  }
  // The same figures as the CLI reads over gRPC (the latest quarter:
  // 2023Q4's TOTAAL AMR row says 28.788).
  const testing::ProcessResult cli =
      TkpAt(server_->address(),
            {"--format", "csv", "totals", "--region", "Groot Amsterdam"});
  EXPECT_THAT(cli.out, HasSubstr(",28788,"));
  EXPECT_THAT(HttpGet(port_, "/v1/regions/15/totals").body,
              HasSubstr("\"total\":28788,"));
  // HEAD: the headers of GET, no body.
  HttpResult head = HttpRequest(port_, "HEAD", "/v1/publications");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.headers["content-length"],
            std::to_string(HttpGet(port_, "/v1/publications").body.size()));
}

// The export as Excel's "From Web", Power BI or pandas fetch it: the CSV is
// the CLI's `tkp export` byte for byte, imports back into an empty server
// to the same totals, and NDJSON has one flat record per municipality row.
TEST_F(HttpApiTest, TheExportIsTheClisAndImportsBack) {
  Start();
  ImportSamples();
  HttpResult csv = HttpGet(port_, "/v1/export?format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.headers["content-type"],
            "text/csv; charset=utf-8; header=present");
  const testing::ProcessResult cli = TkpAt(server_->address(), {"export"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(csv.body, cli.out);
  EXPECT_EQ(HttpGet(port_, "/v1/export").body, csv.body);  // csv by default

  // 8 municipalities in each sample, and the header.
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 1 + 8 + 8);
  HttpResult ndjson = HttpGet(port_, "/v1/export?format=ndjson&from=2023Q4");
  ASSERT_EQ(ndjson.status, 200) << ndjson.body;
  EXPECT_EQ(ndjson.headers["content-type"], "application/x-ndjson");
  EXPECT_EQ(std::count(ndjson.body.begin(), ndjson.body.end(), '\n'), 8);
  EXPECT_THAT(ndjson.body, HasSubstr("\"regionName\":\"Food Valley\""));
  EXPECT_THAT(ndjson.body,
              ::testing::Not(HasSubstr("\"regionName\":\"Groot Amsterdam\"")));

  testing::WriteFileOrDie(dir_.File("export.csv"), csv.body);
  ServerProcess other({"--data-dir", dir_.File("other")});
  ASSERT_TRUE(other.running()) << other.log();
  const testing::ProcessResult imported =
      TkpAt(other.address(), {"import", dir_.File("export.csv")});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  const testing::ProcessResult totals =
      TkpAt(other.address(),
            {"--format", "csv", "totals", "--region", "Groot Amsterdam"});
  EXPECT_THAT(totals.out, HasSubstr(",604,5014,10607,4261,20486,28853,"));

  // Sent as it is made: chunked, whatever its size (below, one larger).
  EXPECT_EQ(csv.headers["transfer-encoding"], "chunked");
  EXPECT_EQ(HttpGet(port_, "/v1/export?format=xml").status, 400);
  EXPECT_EQ(HttpGet(port_, "/v1/export?from=2024Q1&to=2023Q1").status, 400);
  EXPECT_EQ(HttpGet(port_, "/v1/export?region=Twente").status, 404);
}

// The watch as a browser's EventSource uses it: events as they happen,
// each with its sequence as id; after a dropped connection, Last-Event-ID
// resumes after the last one seen, none missed and none twice.
TEST_F(HttpApiTest, TheWatchStreamsEventsAndResumesFromLastEventId) {
  Start();
  ImportSamples();  // events 1 and 2
  HttpResult all = testing::ReadEvents(port_, "/v1/watch", {"Last-Event-ID: 0"},
                                       /*events=*/2);
  EXPECT_EQ(all.status, 200);
  EXPECT_EQ(all.headers["content-type"], "text/event-stream");
  EXPECT_THAT(all.body, HasSubstr("id: 1\nevent: imported\ndata: "
                                  "{\"sequence\":1,\"kind\":\"imported\","
                                  "\"period\":\"2023Q3\""));
  // The region as every answer names it (totals.json): its CBS code, and
  // the number its publication, still served, gives.
  EXPECT_THAT(all.body, HasSubstr("\"regionCbsCode\":\"AM18\","
                                  "\"regionNumber\":15,"));
  EXPECT_THAT(all.body, HasSubstr("id: 2\nevent: imported\n"));

  // A watch from now on gets what is imported while it waits. Until it is
  // open, an import would not reach it: import again (each time a new
  // quarter) until one has.
  auto later = std::async(std::launch::async, [&] {
    return testing::ReadEvents(port_, "/v1/watch", {}, 1);
  });
  const std::string text =
      testing::ReadFileOrDie(testing::SamplePath(testing::kSampleAmsterdamA));
  for (int year = 2000; later.wait_for(std::chrono::milliseconds(200)) !=
                            std::future_status::ready &&
                        year < 2040;
       ++year) {
    const std::string name = absl::StrCat("q", year, ".txt");
    testing::WriteFileOrDie(
        dir_.File(name),
        absl::StrReplaceAll(text, {{"Derde kwartaal 2023",
                                    absl::StrCat("Eerste kwartaal ", year)}}));
    ASSERT_EQ(TkpAt(server_->address(), {"import", dir_.File(name)}).exit_code,
              0);
  }
  EXPECT_THAT(later.get().body, HasSubstr("event: imported\n"));

  // Resumed after event 2: 3 first, nothing before it.
  const HttpResult resumed = testing::ReadEvents(
      port_, "/v1/watch", {"Last-Event-ID: 2"}, /*events=*/1);
  EXPECT_EQ(resumed.body.rfind("id: 3\n", 0), 0u) << resumed.body;
  EXPECT_EQ(HttpGet(port_, "/v1/watch?after=x").status, 400);
  EXPECT_EQ(HttpGet(port_, "/v1/watch", {"Last-Event-ID: -1"}).status, 400);
}

TEST_F(HttpApiTest, ErrorsAreJsonWithGatewayStatuses) {
  Start();
  ImportSamples();
  struct Case {
    std::string method, target;
    int status;
    std::string body;
  };
  for (
      const Case& c : std::vector<Case>{
          {"GET", "/v1/regions/Twente/totals", 404,
           R"json({"code":5,"message":"no publications loaded for region \"Twente\"","details":[]})json"},
          {"GET", "/v1/regions/Groot%20Amsterdam/totals?period=2023Q9", 400,
           ""},
          {"GET", "/v1/coverage?perod=2023Q3", 400,
           R"json({"code":3,"message":"unknown query parameter \"perod\" for /v1/coverage; known: period, sort","details":[]})json"},
          {"GET", "/v1/coverage?sort=size", 400, ""},
          {"GET", "/v1/nothing", 404, ""},
          {"GET", "/v1/regions/%zz/totals", 400, ""},
          {"GET", "/v1/regions/Groot%00Amsterdam/totals", 400, ""},
          {"GET", "/v1/coverage?period=2023Q3&period=2023Q4", 400, ""},
          {"POST", "/v1/coverage", 405, ""},
          {"DELETE", "/v1/publications", 405, ""},
      }) {
    HttpResult r = HttpRequest(port_, c.method, c.target);
    EXPECT_EQ(r.status, c.status) << c.method << " " << c.target;
    EXPECT_EQ(r.headers["content-type"], "application/json") << c.target;
    EXPECT_THAT(r.body, HasSubstr("\"details\":[]}")) << c.target;
    if (!c.body.empty()) {
      EXPECT_EQ(r.body, c.body + "\n") << c.target;
    }
  }
  EXPECT_EQ(HttpRequest(port_, "POST", "/v1/coverage").headers["allow"],
            "GET, HEAD");
}

TEST_F(HttpApiTest, TokensAsOnGrpcAndNeverInTheUrl) {
  StartWithTokens();
  testing::WriteFileOrDie(dir_.File("importer"), "importer-token-0123456789\n");
  ImportSamples({"--token-file", dir_.File("importer")});

  HttpResult none = HttpGet(port_, "/v1/publications");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.headers["www-authenticate"], "Bearer");
  EXPECT_THAT(none.body, HasSubstr("\"code\":16,"));
  EXPECT_EQ(HttpGet(port_, "/v1/publications",
                    {"Authorization: Bearer wrong-token-0123456789"})
                .status,
            401);
  for (const char* token :
       {"reader-token-0123456789", "importer-token-0123456789"}) {
    EXPECT_EQ(HttpGet(port_, "/v1/publications",
                      {std::string("Authorization: Bearer ") + token})
                  .status,
              200);
  }
  // A token in the query is not a way in: it is an unknown parameter.
  const HttpResult in_url =
      HttpGet(port_, "/v1/publications?access_token=reader-token-0123456789",
              {"Authorization: Bearer reader-token-0123456789"});
  EXPECT_EQ(in_url.status, 400);
  // Health needs no token: probes carry none.
  EXPECT_EQ(HttpGet(port_, "/healthz").status, 200);
  EXPECT_EQ(HttpGet(port_, "/readyz").status, 200);
}

// Prometheus scrapes the API's port as it does --metrics-listen's; with
// tokens, with a reader's (Prometheus's scrape config sends one).
TEST_F(HttpApiTest, MetricsOnTheSamePort) {
  StartWithTokens();
  EXPECT_EQ(HttpGet(port_, "/metrics").status, 401);
  HttpResult metrics = HttpGet(
      port_, "/metrics", {"Authorization: Bearer reader-token-0123456789"});
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.headers["content-type"],
            "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_THAT(metrics.body, HasSubstr("# TYPE tkp_publications gauge"));
  EXPECT_THAT(metrics.body, HasSubstr("\ntkp_publications 0\n"));
  EXPECT_EQ(HttpRequest(port_, "POST", "/metrics",
                        {"Authorization: Bearer reader-token-0123456789"})
                .status,
            405);
}

// The dashboard's files come from the binary, the same bytes as in
// server/http/dashboard/, with no token (they hold no figures) and a policy
// that keeps the page to its own script, style and API; nothing else is a
// file, whatever the path says.
TEST_F(HttpApiTest, TheDashboardIsCompiledIn) {
  StartWithTokens();
  const std::string source = TKP_DASHBOARD_DIR;
  for (const auto& [target, file, type] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"/", "index.html", "text/html; charset=utf-8"},
           {"/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"},
           {"/dashboard.css", "dashboard.css", "text/css; charset=utf-8"},
           {"/geo/arbeidsmarktregio_2015.topojson",
            "geo/arbeidsmarktregio_2015.topojson", "application/json"},
           {"/geo/arbeidsmarktregio_2025.topojson",
            "geo/arbeidsmarktregio_2025.topojson", "application/json"}}) {
    HttpResult r = HttpGet(port_, target);
    EXPECT_EQ(r.status, 200) << target;
    EXPECT_EQ(r.headers["content-type"], type) << target;
    EXPECT_EQ(r.body, testing::ReadFileOrDie(source + "/" + file)) << target;
    EXPECT_THAT(r.headers["content-security-policy"],
                HasSubstr("default-src 'none'; script-src 'self';"))
        << target;
  }
  // The figures still want the token.
  EXPECT_EQ(HttpGet(port_, "/v1/publications").status, 401);
  for (const char* target :
       {"/index.html/", "/geo/../index.html", "/geo/%2e%2e/index.html",
        "/geo/arbeidsmarktregio_2014.topojson", "/etc/passwd", "//dashboard.js",
        "/geo/SOURCES.md"}) {
    EXPECT_EQ(HttpGet(port_, target,
                      {"Authorization: Bearer reader-token-0123456789"})
                  .status,
              404)
        << target;
  }
  EXPECT_EQ(HttpRequest(port_, "POST", "/").status, 405);
}

// An export larger than a chunk (two national documents of the corpus,
// 35 regions each) on the wire: several chunks, each whole publications,
// then the last chunk; the rows are the API's every municipality, once.
TEST_F(HttpApiTest, ALargeExportIsSentInChunksAsItIsMade) {
  Start();
  for (const char* document : {"c19-reportlab.txt", "c21-writer.txt"}) {
    const testing::ProcessResult imported = TkpAt(
        server_->address(),
        {"import", std::string(TKP_CORPUS_DIR) + "/documents/" + document});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }
  const int fd = testing::ConnectTo(port_);
  ASSERT_GE(fd, 0);
  const std::string request =
      "GET /v1/export HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(::write(fd, request.data(), request.size()),
            static_cast<ssize_t>(request.size()));
  std::string wire;
  char buffer[65536];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof(buffer))) > 0;) {
    wire.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  size_t at = wire.find("\r\n\r\n");
  ASSERT_NE(at, std::string::npos) << wire;
  EXPECT_THAT(wire.substr(0, at), HasSubstr("Transfer-Encoding: chunked"));
  at += 4;
  std::string body;
  int chunks = 0;
  for (;;) {
    const size_t line_end = wire.find("\r\n", at);
    ASSERT_NE(line_end, std::string::npos) << "cut off after " << chunks;
    const size_t size = std::stoul(wire.substr(at, line_end - at), nullptr, 16);
    at = line_end + 2;
    if (size == 0) break;
    body += wire.substr(at, size);
    at += size + 2;
    ++chunks;
  }
  EXPECT_EQ(wire.substr(at), "\r\n");  // the last chunk ends the answer
  EXPECT_GE(chunks, 2);
  EXPECT_EQ(body, HttpGet(port_, "/v1/export").body);
  int municipalities = 0;
  for (const auto& record :
       nlohmann::json::parse(HttpGet(port_, "/v1/publications").body)) {
    municipalities += record["municipalityCount"].get<int>();
  }
  EXPECT_EQ(std::count(body.begin(), body.end(), '\n'), 1 + municipalities);
  EXPECT_GT(municipalities, 2 * 300);
}

// POST /v1/documents and DELETE /v1/regions/{r}/publications/{period} as
// curl or a script sends them: an importer's token, the same answers as
// ImportDocument and RemovePublication (figures from the sample: FoodValley
// 2023Q4, TOTAAL AMR 5.406, register 7.834), served at once, refusals as
// JSON that change nothing.
TEST_F(HttpApiTest, ImportsAndRemovalsWantAnImportersToken) {
  StartWithTokens();
  const std::vector<std::string> importer = {
      "Authorization: Bearer importer-token-0123456789"};
  const std::vector<std::string> reader = {
      "Authorization: Bearer reader-token-0123456789"};
  const std::string food_valley =
      testing::ReadFileOrDie(testing::SamplePath(testing::kSampleFoodValleyA));
  const std::string import = "/v1/documents?name=food-valley-2023Q4.txt";

  EXPECT_EQ(HttpRequest(port_, "POST", import, {}, food_valley).status, 401);
  EXPECT_EQ(HttpRequest(port_, "POST", import, reader, food_valley).status,
            403);
  EXPECT_EQ(HttpGet(port_, "/v1/publications", reader).body, "[]\n");

  HttpResult imported =
      HttpRequest(port_, "POST", import, importer, food_valley);
  EXPECT_EQ(imported.status, 200) << imported.body;
  EXPECT_THAT(imported.body, HasSubstr("{\"outcome\":\"imported\","
                                       "\"publications\":[{\"outcome\":"
                                       "\"imported\",\"period\":\"2023Q4\""));
  EXPECT_THAT(imported.body, HasSubstr("\"regionCbsCode\":\"AM38\""));
  EXPECT_THAT(imported.body,
              HasSubstr("\"total\":5406,\"registerSize\":7834,"));
  EXPECT_THAT(HttpGet(port_, "/v1/regions/AM38/totals", reader).body,
              HasSubstr("\"total\":5406,"));
  EXPECT_THAT(HttpRequest(port_, "POST", import, importer, food_valley).body,
              HasSubstr("{\"outcome\":\"unchanged\""));

  // A document that names no period: refused until it is given one; a dry
  // run validates and stores nothing.
  const std::string amsterdam =
      testing::ReadFileOrDie(testing::SamplePath(testing::kSampleAmsterdamB));
  HttpResult no_period = HttpRequest(port_, "POST", "/v1/documents?name=ga.tsv",
                                     importer, amsterdam);
  EXPECT_EQ(no_period.status, 400);
  EXPECT_THAT(no_period.body, HasSubstr("names no period"));
  HttpResult dry = HttpRequest(
      port_, "POST", "/v1/documents?name=ga.tsv&period=2023Q4&dry_run=true",
      importer, amsterdam);
  EXPECT_THAT(dry.body, HasSubstr("{\"outcome\":\"validated\""));
  EXPECT_THAT(dry.body, HasSubstr("\"total\":28788,"));
  EXPECT_EQ(HttpGet(port_, "/v1/regions/AM18/totals", reader).status, 404);
  for (const char* bad :
       {"/v1/documents", "/v1/documents?name=x.txt&replace=maybe",
        "/v1/documents?name=x.txt&period=2023Q5",
        "/v1/documents?name=x.txt&perod=2023Q4"}) {
    EXPECT_EQ(HttpRequest(port_, "POST", bad, importer, amsterdam).status, 400)
        << bad;
  }
  HttpResult get = HttpGet(port_, "/v1/documents", importer);
  EXPECT_EQ(get.status, 405);
  EXPECT_EQ(get.headers["allow"], "POST");

  // Removed by CBS code and quarter; the answer is what was removed.
  const std::string remove = "/v1/regions/AM38/publications/2023Q4";
  EXPECT_EQ(HttpRequest(port_, "DELETE", remove, reader).status, 403);
  HttpResult removed = HttpRequest(port_, "DELETE", remove, importer);
  EXPECT_EQ(removed.status, 200) << removed.body;
  EXPECT_THAT(removed.body, HasSubstr("\"total\":5406,\"registerSize\":7834,"));
  EXPECT_EQ(HttpGet(port_, "/v1/regions/AM38/totals", reader).status, 404);
  EXPECT_EQ(HttpRequest(port_, "DELETE", remove, importer).status, 404);
  EXPECT_EQ(HttpRequest(port_, "DELETE",
                        "/v1/regions/AM38/publications/last-year", importer)
                .status,
            400);
}

// A document over --max-document-mib is refused (413, naming the limit)
// before it is read, and the few places for uploads are not held by
// clients that send headers but no document: the next gets 429 at once.
TEST_F(HttpApiTest, DocumentsOverTheLimitAndTooManyUploads) {
  Start({"--max-document-mib", "1"});
  const std::string big(size_t{3} << 20, 'x');
  HttpResult over =
      HttpRequest(port_, "POST", "/v1/documents?name=big.txt", {}, big);
  EXPECT_EQ(over.status, 413) << over.body;
  EXPECT_THAT(over.body, HasSubstr("at most 1048576 bytes (1 MiB"));
  EXPECT_THAT(over.body, HasSubstr("--max-document-mib"));

  // Four uploads under way (headers sent, the document not yet).
  std::vector<int> slow;
  for (int i = 0; i < 4; ++i) {
    const int fd = testing::ConnectTo(port_);
    ASSERT_GE(fd, 0);
    const std::string head =
        "POST /v1/documents?name=slow.txt HTTP/1.1\r\nHost: x\r\n"
        "Content-Length: 1000\r\n\r\n";
    ASSERT_EQ(::write(fd, head.data(), head.size()),
              static_cast<ssize_t>(head.size()));
    slow.push_back(fd);
  }
  const std::string sample =
      testing::ReadFileOrDie(testing::SamplePath(testing::kSampleFoodValleyA));
  const std::string import = "/v1/documents?name=food-valley-2023Q4.txt";
  ASSERT_TRUE(testing::Eventually([&] {
    return HttpRequest(port_, "POST", import, {}, sample).status == 429;
  }));
  // Reads go on meanwhile.
  EXPECT_EQ(HttpGet(port_, "/v1/publications").status, 200);
  for (const int fd : slow) ::close(fd);
  ASSERT_TRUE(testing::Eventually([&] {
    return HttpRequest(port_, "POST", import, {}, sample).status == 200;
  }));
}

TEST_F(HttpApiTest, LimitsOnHeadersAndBodies) {
  Start();
  const HttpResult big = HttpGet(port_, "/v1/publications",
                                 {"X-Padding: " + std::string(9000, 'a')});
  EXPECT_EQ(big.status, 431);
  const HttpResult body =
      HttpRequest(port_, "GET", "/v1/publications", {"Content-Length: 5"});
  EXPECT_NE(body.status, 200);
}

TEST_F(HttpApiTest, AThousandIdleKeptAliveConnectionsDoNotStarveANewOne) {
  // The test and the server it starts need a descriptor per connection.
  rlimit files{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &files), 0);
  files.rlim_cur = std::max<rlim_t>(files.rlim_cur, 4096);
  ASSERT_LE(files.rlim_cur, files.rlim_max)
      << "this test needs 4,096 open files (ulimit -n)";
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &files), 0);
  Start();
  // A thousand connections, each after one answered request, now idle as
  // a browser or BI tool keeps them (60 s before the server drops them).
  testing::KeptAliveConnections idle(port_, 1000);
  ASSERT_EQ(idle.open(), 1000);
  for (int i = 0; i < idle.open(); ++i) {
    ASSERT_EQ(idle.Get(i, "/healthz").status, 200) << "connection " << i;
  }
  // A new client is answered while they are all still open: the first of
  // them answers again afterwards on its same connection (a server that
  // served the newcomer only by dropping idle ones would fail that).
  const HttpResult fresh = HttpGet(port_, "/v1/publications");
  EXPECT_EQ(fresh.status, 200);
  EXPECT_EQ(idle.Get(0, "/v1/publications").status, 200);
  EXPECT_EQ(idle.Get(999, "/readyz").status, 200);
}

TEST_F(HttpApiTest, CrossOriginReadsOnlyFromTheOriginsNamed) {
  StartWithTokens({"--http-cors-origin", "https://dash.example.nl",
                   "--http-cors-origin", "http://localhost:8080"});
  const std::string reader = "Authorization: Bearer reader-token-0123456789";

  // A named origin's read carries the header, and says it varies by it.
  HttpResult named = HttpGet(port_, "/v1/publications",
                             {reader, "Origin: https://dash.example.nl"});
  EXPECT_EQ(named.status, 200);
  EXPECT_EQ(named.headers["access-control-allow-origin"],
            "https://dash.example.nl");
  EXPECT_EQ(named.headers["vary"], "Origin");
  // Another origin's does not (the browser then keeps the answer from
  // its page), nor does a request without one (curl, Power BI).
  for (const std::vector<std::string>& headers :
       {std::vector<std::string>{reader, "Origin: https://evil.example"},
        std::vector<std::string>{reader}}) {
    HttpResult other = HttpGet(port_, "/v1/publications", headers);
    EXPECT_EQ(other.status, 200);
    EXPECT_FALSE(other.headers.contains("access-control-allow-origin"));
  }

  // The preflight comes without a token and is answered before one is
  // asked for; only for a named origin.
  HttpResult preflight = HttpRequest(
      port_, "OPTIONS", "/v1/regions/AM01/totals",
      {"Origin: http://localhost:8080", "Access-Control-Request-Method: GET",
       "Access-Control-Request-Headers: authorization"});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.headers["access-control-allow-origin"],
            "http://localhost:8080");
  EXPECT_EQ(preflight.headers["access-control-allow-methods"], "GET, HEAD");
  EXPECT_THAT(preflight.headers["access-control-allow-headers"],
              HasSubstr("Authorization"));
  EXPECT_EQ(preflight.headers["access-control-max-age"], "600");
  HttpResult refused = HttpRequest(
      port_, "OPTIONS", "/v1/regions/AM01/totals",
      {"Origin: https://evil.example", "Access-Control-Request-Method: GET"});
  EXPECT_NE(refused.status, 204);
  EXPECT_FALSE(refused.headers.contains("access-control-allow-origin"));

  // A watch from a named origin may be read by its page too.
  HttpResult watch =
      testing::ReadEvents(port_, "/v1/watch?after=0",
                          {reader, "Origin: https://dash.example.nl"}, 0);
  EXPECT_EQ(watch.status, 200);
  EXPECT_EQ(watch.headers["access-control-allow-origin"],
            "https://dash.example.nl");
}

TEST_F(HttpApiTest, NoCrossOriginReadsUnlessAsked) {
  Start();
  HttpResult read =
      HttpGet(port_, "/v1/publications", {"Origin: https://dash.example.nl"});
  EXPECT_EQ(read.status, 200);
  EXPECT_FALSE(read.headers.contains("access-control-allow-origin"));
  HttpResult preflight = HttpRequest(port_, "OPTIONS", "/v1/publications",
                                     {"Origin: https://dash.example.nl",
                                      "Access-Control-Request-Method: GET"});
  EXPECT_EQ(preflight.status, 405);
  EXPECT_FALSE(preflight.headers.contains("access-control-allow-origin"));
}

TEST(HttpApiFlagsTest, ACorsOriginMustBeAnOrigin) {
  testing::TempDir dir;
  for (const char* origin :
       {"dash.example.nl", "https://dash.example.nl/", "https://a.nl/path",
        "ftp://dash.example.nl", "https://dash example.nl"}) {
    const testing::ProcessResult r =
        testing::RunProcess({TKP_SERVER_BIN, "--listen", "127.0.0.1:0",
                             "--data-dir", dir.File("data"), "--http-listen",
                             "127.0.0.1:0", "--http-cors-origin", origin});
    EXPECT_NE(r.exit_code, 0) << origin;
    EXPECT_THAT(r.err, HasSubstr("is not an origin")) << origin;
  }
  // Without --http-listen there is nothing to allow reads from.
  const testing::ProcessResult alone = testing::RunProcess(
      {TKP_SERVER_BIN, "--listen", "127.0.0.1:0", "--data-dir",
       dir.File("data"), "--http-cors-origin", "https://dash.example.nl"});
  EXPECT_NE(alone.exit_code, 0);
  EXPECT_THAT(alone.err, HasSubstr("--http-listen"));
}

TEST_F(HttpApiTest, HttpsWithTheCertificateGrpcHas) {
  testing::Certificates certs;
  Start({"--tls-cert", certs.File("server.pem"), "--tls-key",
         certs.File("server.key")});
  EXPECT_THAT(server_->log(), HasSubstr("HTTPS API on"));
  const testing::TlsClient tls{certs.File("ca.pem"), "", ""};
  const HttpResult read =
      testing::HttpsRequest(port_, "GET", "/v1/publications", {}, tls);
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.body, "[]\n");
  EXPECT_EQ(testing::HttpsRequest(port_, "GET", "/readyz", {}, tls).status,
            200);
  // Never plaintext beside it: a plain request gets no answer.
  EXPECT_EQ(HttpGet(port_, "/v1/publications").status, 0);
  // A client that trusts another CA does not get through.
  testing::Certificates others;
  EXPECT_EQ(testing::HttpsRequest(port_, "GET", "/v1/publications", {},
                                  {others.File("ca.pem"), "", ""})
                .status,
            0);
  // The watch streams over TLS too.
  const HttpResult watch =
      testing::ReadEvents(port_, "/v1/watch?after=0", {}, 0, &tls);
  EXPECT_EQ(watch.status, 200);
  EXPECT_EQ(watch.headers.at("content-type"), "text/event-stream");
}

TEST_F(HttpApiTest, HttpsAsksForAClientCertificateWhereGrpcDoes) {
  testing::Certificates certs;
  Start({"--tls-cert", certs.File("server.pem"), "--tls-key",
         certs.File("server.key"), "--tls-client-ca", certs.File("ca.pem")});
  EXPECT_EQ(testing::HttpsRequest(port_, "GET", "/v1/publications", {},
                                  {certs.File("ca.pem"), "", ""})
                .status,
            0);
  const HttpResult with_certificate =
      testing::HttpsRequest(port_, "GET", "/v1/publications", {},
                            {certs.File("ca.pem"), certs.File("client.pem"),
                             certs.File("client.key")});
  EXPECT_EQ(with_certificate.status, 200);
}

}  // namespace
}  // namespace tkp
