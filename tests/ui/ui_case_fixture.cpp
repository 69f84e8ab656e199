// The UI tests use the same small case as the query tests (one definition, compiled into both
// test executables because each suite is its own binary).
#include "../core/query/query_fixture.cpp"
