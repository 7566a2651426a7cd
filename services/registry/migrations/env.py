from registry.config import get_settings
from registry.models import Base
from shouhu_common.migrations import run_env

run_env(Base.metadata, get_settings().database_url)
